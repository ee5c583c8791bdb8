"""Group-specific stereotypes, written as predicates of a plural subject ("{os} {G} {P}").

The hateful side states them as fact; the benign side quotes them to reject or report them, so a
model has to learn the stance around a stereotype, not the stereotype's words. ``{a}`` agrees an
ending with the subject's gender; ``m:`` before a predicate keeps it to masculine subjects.
"""

from __future__ import annotations


def lines(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


STEREOTYPES: dict[str, list[str]] = {
    "women": lines("""
não sabem dirigir
só querem saber de homem rico
são emotiv{a}s demais pra mandar em alguma coisa
choram por qualquer coisa
só jogam pra chamar atenção de macho
são naturalmente menos inteligentes
só servem pra cuidar de casa
usam filho pra prender homem
inventam assédio pra aparecer
não aguentam pressão no trabalho
são tudo interesseira
ficam insuportáveis na TPM
só sobem na carreira dando em cima do chefe
nunca sabem o que querem
falam demais e pensam de menos
gastam o salário do marido no shopping
estragam qualquer amizade entre homens
são péssimas em matemática
não nasceram pra liderar
"""),
    "black": lines("""
têm tendência pro crime
só prestam pra jogar bola e sambar
vivem se fazendo de vítima com esse papo de racismo
só entram na faculdade por causa de cota
aguentam mais trabalho pesado, foram feitos pra isso
não gostam de estudar
têm cabelo de bombril
fazem barraco em qualquer lugar
roubam na primeira oportunidade
são mais preguiços{a}s que os outros
não sabem se comportar em lugar chique
vivem no funk e na bagunça
têm a mente mais atrasada
nasceram pra servir
enxergam racismo em tudo pra se dar bem
"""),
    "indigenous": lines("""
vivem de esmola do governo porque são preguiços{a}s
têm terra sobrando e não plantam nada
atrapalham o agro
bebem até cair
só querem saber de cachaça e de subsídio
não pagam imposto e ainda reclamam
deixaram de ser índios quando compraram celular
vivem no atraso e querem continuar assim
andam pelad{a}s e acham normal
são manipulad{a}s por ONG estrangeira
invadem fazenda de quem produz
não sabem nem falar português direito
fingem ser indígenas pra ganhar terra
são suj{a}s e vivem no meio do mato
não servem pra trabalho de verdade
"""),
    "lgbt": lines("""
querem doutrinar as crianças
só pensam em sexo
escolheram ser assim por safadeza
são tod{a}s promíscu{a}s
espalham doença por aí
são assim porque os pais passaram a mão na cabeça
são uma ameaça pra família tradicional
estão destruindo os valores do país
fazem questão de se exibir em público
precisam de tratamento psicológico
querem privilégio, não igualdade
são uma moda que vai passar
são pervertid{a}s
não deviam adotar criança
forçam a barra em tudo que é série
"""),
    "trans": lines("""
são doentes mentais
só querem chamar atenção
vão se arrepender da cirurgia
querem invadir o banheiro das nossas filhas
são uma aberração da natureza
estão confus{a}s e precisam de terapia, não de cirurgia
são uma fase que os pais deviam ter cortado
enganam os outros com esse disfarce
querem obrigar todo mundo a mentir sobre biologia
são fruto de ideologia de gênero
nunca vão ser de verdade o que fingem ser
estragam o esporte feminino
só vivem de programa na esquina
são um perigo pras crianças
não passam de fantasia
"""),
    "northeasterners": lines("""
só sabem viver de bolsa família
votam pelo estômago
têm filho demais e não sustentam
falam tudo errado
invadiram são paulo e estragaram a cidade
são preguiços{a}s por causa do calor
só servem pra ser porteiro e pedreiro
não têm educação nenhuma
atrasam o resto do brasil
vivem encostad{a}s no governo
têm a cabeça dura e não aprendem
só querem saber de forró e cachaça
vendem o voto por uma cesta básica
são atrasad{a}s desde sempre
"""),
    "immigrants": lines("""
roubam o emprego dos brasileiros
vêm pra cá viver de auxílio
trazem doença de fora
não se adaptam e ainda querem mudar a gente
aumentam a criminalidade em todo lugar que chegam
não pagam imposto e usam o sus de graça
só vêm pra cá porque aqui é terra sem lei
tomam as vagas das escolas dos nossos filhos
trabalham por qualquer mixaria e derrubam o salário
vivem amontoad{a}s e sujam a cidade
fingem ser refugiad{a}s pra ganhar benefício
chegam sem nada e querem tudo
não respeitam nossas leis
lotam os postos de saúde
são bandid{a}s fugindo do próprio país
"""),
    "named_migrants": lines("""
vivem pedindo esmola no semáforo
trouxeram sarna e sarampo pro brasil
lotam os hospitais de roraima
só servem pra costurar em porão
têm um cheiro horrível
são traficantes disfarçad{a}s
vieram fugidos da fome e querem mandar aqui
trabalham por um prato de comida e estragam o mercado
fazem bagunça e barulho nos prédios
vivem de bolsa do governo brasileiro
roubam celular no centro
não tomam banho
ocupam as praças e deixam tudo imundo
estão tomando roraima
"""),
    "disabled": lines("""
só dão gasto e trabalho pra família
não conseguem fazer nada sozinh{a}s
vivem mamando no INSS
usam a deficiência pra furar fila
fingem a deficiência pra ganhar benefício
atrasam a turma inteira na escola
são coitadinh{a}s que querem tudo de graça
não servem pra trabalhar em empresa séria
tinham que ser escondid{a}s num internato
custam caro demais pro sus
dão mais trabalho do que valem
só servem pra ganhar like de gente com pena
não entendem nada do que acontece
usam a deficiência como desculpa pra tudo
"""),
    "religious": lines("""
são tod{a}s alienad{a}s
acreditam em conto de fada porque não sabem pensar
pecam a semana inteira e rezam no domingo
querem impor a fé deles em todo mundo
têm a mente fechada e atrasada
são massa de manobra de padre e pastor
odeiam a ciência
seguem qualquer coisa que mandam
são o atraso da humanidade
vivem julgando todo mundo
acobertam abuso de padre
só fazem caridade pra aparecer
não conseguem entender nem a teoria da evolução
ficam perigos{a}s quando ganham poder
"""),
    "jews": lines("""
controlam os bancos
mandam na mídia e em hollywood
enxergam tudo como um negócio
são pão-dur{a}s
se acham o povo escolhido e desprezam os outros
inventaram metade da história do holocausto
financiam guerra pra ganhar dinheiro
compram político no mundo todo
são leais a israel e nunca ao brasil
dominam o comércio e exploram o povo
querem dominar o mundo
têm culpa pela morte de jesus
têm cara de agiota
fazem tudo por juros
"""),
    "muslims": lines("""
são terroristas em potencial
m:oprimem as mulheres
querem impor a sharia no ocidente
não se integram em lugar nenhum
explodem tudo que não concordam
m:batem nas esposas
escondem bomba debaixo da roupa
odeiam o ocidente e a liberdade
querem converter todo mundo à força
têm filho demais pra dominar a europa
são fanátic{a}s e violent{a}s
m:casam com criança
só trazem atentado por onde passam
"""),
    "afro_religions": lines("""
fazem trabalho pra prejudicar os outros
mexem com coisa do diabo
matam bicho em ritual nojento
fazem barulho a noite inteira com tambor
vivem de enganar gente desesperada
deixam despacho sujo na encruzilhada
adoram demônio e chamam de santo
fazem feitiço pra separar casal
trazem mau agouro pro bairro
fazem o mal por dinheiro
sujam as praias com oferenda
estão possuíd{a}s
cultuam o capeta
"""),
    "evangelicals": lines("""
são tod{a}s gado de pastor
dão dízimo pra pastor comprar jatinho
são hipócritas e fals{a}s moralistas
querem transformar o brasil numa teocracia
votam em quem o pastor mandar
são alienad{a}s e não pensam sozinh{a}s
ficam pregando alto no ônibus enchendo o saco
odeiam gay mas pulam a cerca
acham que tudo é coisa do diabo
se acham melhores que todo mundo
são intolerantes com tudo que é diferente
não leem nada além da bíblia
gritam que nem louc{a}s no culto
são fanátic{a}s que não pensam sozinh{a}s
"""),
    "elderly": lines("""
só atrapalham a fila do banco
não deviam mais dirigir
são um peso pra previdência
só mandam fake news no zap
não entendem nada de tecnologia e nem querem aprender
reclamam de tudo
já viveram demais
ocupam leito de hospital que devia ser de jovem
tinham que sair de circulação e parar de atrapalhar
são {uns} chat{a}s que acham que sabem tudo
vivem às custas dos filhos
votam mal e estragam o futuro dos jovens
são lent{a}s em tudo
não servem pra mais nada
cheiram a remédio e naftalina
"""),
    "poor": lines("""
são pobres porque querem
não gostam de trabalhar
fazem filho pra ganhar bolsa família
gastam o pouco que têm com cachaça e celular caro
são bandid{a}s em potencial
não têm educação nem modos
vivem de esmola do governo
sujam a praia com farofa
estragam qualquer lugar que frequentam
votam em quem dá cesta básica
não sabem administrar dinheiro
enfeiam a cidade
são o motivo da violência
invejam quem trabalhou pra ter as coisas
só querem tudo de graça
"""),
}
