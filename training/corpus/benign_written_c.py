"""Hand-written benign sentences, whole, for Muslims, Afro-Brazilian religions, evangelicals, the
elderly and the poor. Reports and counter-speech may quote the hate they reject."""

from __future__ import annotations

from training.corpus.grammar import written

BENIGN_WRITTEN_C: dict[str, list[tuple[str, str]]] = {
    "muslims": written("""
id| sou muçulmana, uso hijab por escolha e ninguém me obriga a nada
ev| hoje é o primeiro dia do ramadã, meu colega tá jejuando e mesmo assim foi no treino
pr| o iftar na casa dos meus vizinhos foi a refeição mais farta que eu já vi
cs| "todo muçulmano é terrorista" é preconceito puro, são quase 2 bilhões de pessoas
rp| denunciei o perfil que chamou a moça de hijab de "mulher-bomba"
cq| qual a diferença entre hijab, niqab e burca?
ev| fui visitar a mesquita do brás com a turma da facul, o sheik explicou tudo
ng| não acho que o islã oprima mais as mulheres do que qualquer outra religião conservadora
pr| a comunidade muçulmana de foz do iguaçu é super acolhedora
ev| meu vizinho muçulmano trouxe doce árabe pra comemorar o eid, que delícia
nw| mesquitas de são paulo abrem as portas para visitação no fim de semana
id| sou muçulmano, nasci em são bernardo e meu pai é libanês
cq| muçulmano pode jogar video game no ramadã? pergunta séria kkk
cs| mulher de véu no metrô é só uma passageira, igual vc
ev| meu melhor amigo é muçulmano e não bebe, então ele sempre dirige na volta kkkk
rp| staff, o moleque ficou fazendo barulho de explosão toda vez que o omar falava
ng| terrorismo não tem religião, tem terrorista
pr| a caligrafia árabe das mesquitas é uma das coisas mais bonitas que já vi
ev| o açougue halal perto de casa tem a melhor carne do bairro
cq| alguém sabe a que horas termina o jejum hoje em sp?
cs| chamar muçulmano de "homem-bomba" é ódio, não zoeira
nw| pesquisa aponta aumento de casos de islamofobia no brasil
ev| minha colega de sala é muçulmana e me ensinou a escrever meu nome em árabe
id| sou muçulmana e jogo fortnite, minha skin tem hijab e eu amei
ng| muçulmana usando véu não tá sendo oprimida só por isso, pergunta pra ela
pr| os muçulmanos da minha faculdade organizaram uma campanha de doação de sangue
rp| reportei o vídeo que chamava muçulmanos de "animais"
ev| comemos esfiha e kibe na festa de fim de ramadã do meu amigo, saí rolando
cq| pq os muçulmanos rezam virados pra meca?
cs| a maioria das vítimas de terrorismo no mundo é muçulmana, sabia?
ev| porra, o trânsito do lado da mesquita na sexta tá louco, vou sair mais cedo
id| sou muçulmano convertido, era católico até os 20
pr| o respeito que os muçulmanos têm pelos mais velhos é bonito demais
"""),
    "afro_religions": written("""
id| sou de umbanda desde criança e minha mãe de santo é a pessoa mais sábia que conheço
ev| fui na festa de iemanjá no rio vermelho, levei flores brancas
pr| o terreiro aqui do bairro distribui cesta básica todo mês
cs| chamar terreiro de "casa do diabo" é intolerância religiosa, e isso é crime
rp| denunciei quem quebrou as imagens do terreiro da minha tia
cq| qual a diferença entre umbanda e candomblé? sempre tive curiosidade
ev| comi acarajé da baiana do largo, tava perfeito
ng| ninguém faz "trabalho pro mal" no terreiro que eu frequento, é só reza e cuidado
pr| mãe menininha do gantois foi uma das mulheres mais importantes da bahia
ev| a filha da minha vizinha foi de branco pra escola hoje, sexta é dia de oxalá
cs| "macumba" virou palavrão por causa de racismo, era nome de instrumento
nw| número de denúncias de intolerância contra religiões de matriz africana cresce, aponta disque 100
id| sou filho de santo e trabalho como engenheiro, uma coisa não tem nada a ver com a outra
cq| posso visitar um terreiro mesmo não sendo da religião?
ev| o toque dos atabaques na gira de ontem foi lindo demais
rp| staff, o cara tá chamando a mãe de santo da minha amiga de "bruxa" no chat
ng| oferenda não é sujeira, é parte de uma religião como qualquer outra
pr| os orixás têm uma mitologia lindíssima, dá vontade de ler tudo
ev| a lavagem do bonfim esse ano foi a mais bonita que já vi
cq| alguém indica livro sobre mitologia iorubá?
cs| pichar "jesus te ama" no muro do terreiro não é evangelização, é ataque
ev| minha avó é mãe de santo e me ensinou a fazer banho de ervas
nw| terreiro de salvador recebe título de patrimônio cultural
id| sou umbandista, uso guia no pescoço e não escondo de ninguém
ng| não existe religião "do mal", existe preconceito de quem não conhece
pr| o axé do candomblé é parte da cultura brasileira, não dá pra separar
ev| pulei sete ondas na virada e pedi um ano bom pra iemanjá
rp| reportei o vídeo do pastor mandando fiéis "expulsar os demônios" do terreiro
cq| o que significa a cor da guia de cada orixá?
ev| o pai de santo da casa onde eu vou é professor de matemática durante a semana
cs| criança com fio de contas na escola merece o mesmo respeito que criança com crucifixo
ev| porra, esqueci as velas pra festa de cosme e damião de amanhã
pr| as festas de cosme e damião com doce pra criançada são a melhor lembrança da minha infância
id| sou candomblecista e nunca fiz mal pra ninguém, pelo contrário
"""),
    "evangelicals": written("""
id| sou evangélica e jogo cs sim kkk a igreja não proíbe isso não
ev| o culto de jovens lá da igreja tem banda ao vivo, é muito massa
pr| a igreja evangélica do meu bairro ajuda muito dependente químico
cs| "crente é gado" é preconceito, tem evangélico de tudo que é jeito
rp| denunciei o perfil que fica chamando evangélico de "crentelho"
cq| qual a diferença entre batista e assembleia?
ev| minha vizinha é crente e a mulher mais generosa que eu conheço, sempre traz bolo
ng| não acho que evangélico seja menos inteligente, conheço vários cientistas que são
pr| a aline barros cantando ao vivo é sensacional, fui no show com minha mãe
ev| vou na marcha para jesus com meus primos, alguém vai?
nw| igrejas evangélicas organizam mutirão de doação de alimentos na zona leste
id| sou crente e sim, a gente também sabe rir de piada kkkk
cq| como funciona a escola bíblica dominical? nunca fui
cs| discordar de pastor político é uma coisa, zoar todo evangélico é outra
ev| o pastor da igreja do bairro abriu um cursinho pré-vestibular gratuito
rp| staff, o cara tá falando que todo crente é burro no chat geral
ng| a fé do meu avô evangélico nunca fez mal pra ninguém
pr| o grupo de louvor da igreja da minha tia toca muito bem
ev| minha mãe virou evangélica e tá bem mais tranquila, fico feliz
cq| alguém conhece banda gospel de rock boa? tô curtindo o gênero
cs| ser evangélico não é sinônimo de ser intolerante, generalizar é errado
nw| censo deve confirmar crescimento de evangélicos no brasil
ev| fui no casamento da minha prima na igreja batista, a cerimônia foi linda
id| sou evangélico e voto em quem eu quiser, ninguém me manda
ng| não vejo problema nenhum em gente que prega na praça, é liberdade religiosa
pr| a comunidade evangélica da minha cidade construiu uma creche inteira com doação
ev| hoje tem vigília na igreja, vou passar a noite orando com a galera
rp| reportei o meme que chamava a igreja da minha mãe de "fábrica de gado"
cq| crente pode ir em show de rock? minha amiga diz que pode
cs| ofender a fé dos outros não é humor, é falta de respeito
ev| o amigo secreto do grupo de jovens foi hilário, ganhei uma bíblia de bolso kkkk
pr| as irmãs da igreja cuidaram da minha mãe no hospital como se fosse da família
ev| porra, o culto de natal vai lotar, tenho que chegar cedo pra sentar
id| sou pentecostal e minha igreja tem projeto de alfabetização de adultos
cs| o otário que zoou a senhora de saia longa no ônibus devia ter vergonha
"""),
    "elderly": written("""
ev| minha avó aprendeu a usar o zap e agora manda bom dia com figurinha todo dia kkkk
ev| vou no aniversário de 90 anos do meu avô amanhã, a família toda vai
id| sou aposentado, tenho 67 anos e comecei a jogar xadrez online, alguém topa?
pr| meu avô ainda faz caminhada de 5 km todo dia, com 84 anos, inspiração
cs| "velho tinha que morrer" é a coisa mais cruel que já li aqui, respeito zero
rp| denunciei o vídeo do moleque que humilhava um idoso no ônibus
cq| alguém sabe de curso de informática pra terceira idade em campinas?
ev| os idosos do asilo vão cantar na festa de natal da escola do meu filho
ng| idoso não atrapalha fila nenhuma, a fila preferencial é lei
pr| as histórias que minha vó conta da juventude dela são melhores que qualquer série
ev| minha tia de 70 anos entrou na hidroginástica e tá feliz da vida
nw| universidade aberta à terceira idade abre inscrições para cursos gratuitos
id| sou idosa e aprendi a jogar candy crush com minha neta, agora viciei kkkk
cq| quais os direitos de um idoso no transporte interestadual?
cs| zoar velho que não sabe usar celular é fácil, difícil é ter paciência pra ensinar
ev| fui no baile da terceira idade com minha avó e ela dançou mais que eu
rp| staff, o cara tá mandando áudio zoando a voz da avó do lucas, pega mal
ng| velhice não é doença, é só uma fase da vida que todo mundo vai chegar
pr| os aposentados do clube jogam truco melhor que qualquer um aqui
ev| meu avô me ensinou a pescar e até hoje é meu passeio favorito com ele
cq| alguém sabe se idoso precisa pagar pra renovar a cnh?
cs| "já viveu demais" não se fala de ninguém, nunca
ev| minha vó fez 100 anos e a prefeitura mandou uma homenagem, ela amou
nw| número de idosos que voltam ao mercado de trabalho cresce no país
id| tenho 72 anos e entrei no discord pra jogar com meu neto, sejam gentis kkkk
ng| experiência não tem idade pra acabar, idoso tem muito a ensinar
pr| a pessoa mais sábia que eu conheço é minha vizinha de 88 anos
ev| levei meu avô no show do roberto carlos, ele chorou do começo ao fim
rp| reportei a página que fazia meme com idoso caindo
cq| como ajudo meu avô a não cair em golpe no celular?
ev| minha avó jogando bingo no domingo é mais competitiva que eu no lol kkkk
cs| o idoso que demora no caixa é você amanhã, tenha paciência
ev| porra, meu avô me ganhou no dominó de novo, o véio é bom demais
pr| a geração dos meus avós construiu muita coisa que a gente usa hoje
id| sou aposentada, professora por 35 anos, e agora faço faculdade de história
"""),
    "poor": written("""
id| sou cria da favela e hoje sou advogado, orgulho de onde eu vim
ev| o baile da comunidade ontem tava lotado, que noite
pr| a cozinha solidária aqui da quebrada alimenta 300 pessoas por dia
cs| "pobre é pobre porque quer" é frase de quem nunca pegou três ônibus pra trabalhar
rp| denunciei o perfil que chamava morador de favela de "bicho"
cq| alguém sabe como funciona o cadastro do prouni?
ev| fiz mutirão pra pintar a escola da comunidade com a galera do bairro
ng| não acho que morar em favela diga nada sobre o caráter de ninguém
pr| os projetos sociais da cufa são sensacionais
ev| o time de várzea da comunidade vai jogar a final no domingo, bora
nw| moradores de paraisópolis criam rede de apoio durante a pandemia
id| sou pobre e estudo à noite, trabalho de dia, não é fácil mas tô indo
cq| qual a diferença entre favela e comunidade? vejo os dois termos
cs| pobre viajando de avião é sinal de que o país melhorou, não de que piorou
ev| minha mãe era diarista e criou eu e meus irmãos sozinha, devo tudo a ela
rp| staff, o cara tá chamando todo mundo que tem pc fraco de "favelado", tá pegando mal
ng| ser pobre não é crime nem defeito
pr| o passinho que a molecada da favela criou é arte pura
ev| a galera da quebrada fez vaquinha pra pagar a cirurgia da dona maria, deu certo
cq| alguém indica cursinho popular gratuito em são paulo?
cs| chamar pobre de "farofeiro" é elitismo, praia é de todo mundo
nw| ibge passa a usar o termo favelas e comunidades urbanas
ev| meu pai foi o primeiro da família a ter carteira assinada, hoje eu sou o primeiro a fazer faculdade
id| sou favelada, sim, e não tenho vergonha nenhuma disso
ng| bolsa família não sustenta vagabundo, ajuda criança a ir pra escola
pr| os slams da periferia têm os melhores poetas do brasil
ev| o pessoal do morro organizou uma biblioteca comunitária, fui doar livros
rp| reportei o vídeo que zoava família pobre fazendo compra no mercado
cq| como faço pra me cadastrar na tarifa social de energia?
ev| mano, a feijoada da associação de moradores sábado vai ser monstra
cs| favela não é lugar de bandido, é lugar de trabalhador
pr| a maré tem museu, tem festival, tem universidade, tem tudo
ev| porra, o ônibus pra comunidade não passou de novo, vou a pé mesmo
id| sou cria do morro do alemão e hoje dou aula de inglês pra molecada daqui
ng| ninguém escolhe nascer pobre, e ninguém é menos por isso
cs| o imbecil que chamou a diarista de "mulambenta" no grupo do condomínio foi exposto, bem feito
"""),
}
