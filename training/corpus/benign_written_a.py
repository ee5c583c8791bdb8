"""Hand-written benign sentences, whole, for women, Black and indigenous people, LGBT and trans people
and northeasterners. Reports and counter-speech may quote the hate they reject."""

from __future__ import annotations

from training.corpus.grammar import written

BENIGN_WRITTEN_A: dict[str, list[tuple[str, str]]] = {
    "women": written("""
ev| minha mãe criou três filhos sozinha e ainda se formou em enfermagem, mulher é foda demais
ev| a seleção feminina jogou muito ontem, que golaço
cq| tem campeonato só de mulheres no valorant? queria montar um time
id| sou mulher e jogo de awp, bora duo?
rp| denunciei o cara que mandou a mina voltar pra cozinha no chat do lol
ng| minha mãe dirige caminhão há 20 anos e nunca bateu, quem fala que mulher não sabe dirigir tá preso em 1970
ev| gente, o 8 de março não é sobre ganhar flor, é sobre direitos
ev| minha vó trabalhou na roça a vida inteira e criou nove filhos, respeito máximo por essa mulher
ng| não acho que mulher dirija pior, as estatísticas de seguro mostram até o contrário
pr| mano, minha chefe é a melhor chefe que eu já tive, justa demais
cq| me indica livro de autora brasileira? quero ler mais mulheres esse ano
rp| o print do cara falando que "mulher só serve pra cozinhar" já tá com a staff
cs| chamar de "histérica" toda mulher que discorda de vc é machismo básico, né
cq| quantas mulheres já foram presidentes no brasil? só a dilma né?
ev| minha irmã passou em engenharia na federal!! orgulho demais
nw| time feminino do clube segue invicto no brasileirão
cq| a delegacia da mulher funciona 24h? preciso ajudar uma amiga
cs| eu era machista e mudei depois de ver o que minha mãe passou, não tenho vergonha de admitir
ev| a mulherada do trampo organizou um amigo secreto e ficou top
id| sou mulher, tenho 34 anos e comecei a programar esse ano, nunca é tarde
cs| parem de mandar "vai lavar louça" pra mina que tá jogando melhor que vcs kkkk
ev| tô assistindo a final do vôlei feminino com meu pai, ele tá mais nervoso que eu
pr| as minas da nossa guilda carregam a gente toda raid, respeito
rp| staff, um moleque no call ficou falando que mulher não sabe mirar, já mandei o clip
ng| ser mulher não tem nada a ver com jogar bem ou mal, tem a ver com treino
ev| a professora de física que eu tive no ensino médio mudou minha vida
cs| se vc acha que toda mulher é interesseira o problema tá nas suas escolhas, não nelas
nw| número de mulheres na programação cresce, mas ainda é minoria nas empresas
id| sou mãe solo e faço faculdade à noite, é puxado mas tô conseguindo
ev| hoje é aniversário da minha avó, 90 anos, a mulher mais forte que eu conheço
cq| alguém sabe se a copa do mundo feminina vai passar na tv aberta?
pr| marta é a maior jogadora da história e não aceito discussão
cs| o comentário "mulher no time = derrota" levou ban e tá certíssimo
ev| as garotas do meu curso criaram um grupo de estudos de programação e eu entrei
ng| mulher pode ser engenheira, pedreira, piloto, presidente, o que quiser
ev| caralho, minha namorada ganhou de mim no mario kart de novo kkkkk
rp| reportei a live do cara que ficou humilhando a jogadora do time adversário
cs| o otário que mandou "volta pro fogão" pra ela tomou ban, bem feito
"""),
    "black": written("""
id| sou negro e fui seguido pelo segurança no mercado de novo, cansa
ev| trancei meu cabelo pela primeira vez e amei o resultado
pr| a carolina maria de jesus escrevia melhor que muito autor consagrado
cs| comparar gente preta com bicho não é zoeira, é crime, e dá cadeia
rp| denunciei um perfil que mandava emoji de banana nos comentários do jogador
ev| a roda de samba do bairro é todo sábado, quem quiser colar tá convidado
cq| alguém recomenda canal no youtube sobre história da áfrica? quero aprender mais
id| sou preta, de favela, e me formei em medicina. não foi fácil mas cheguei
ng| cota não é esmola, é reparação, e os números mostram que funciona
pr| o gilberto gil é patrimônio nacional, ponto
ev| minha mãe é preta e meu pai é branco, cresci ouvindo samba e rock ao mesmo tempo
cs| "cabelo ruim" não existe, cabelo crespo é só cabelo
rp| staff, o cara no call 3 tá fazendo som de bicho toda vez que o mateus fala
nw| estudantes negros já são maioria nas universidades públicas, aponta ibge
cq| qual a diferença entre injúria racial e racismo na lei? fiquei na dúvida
ev| vou levar meu filho no museu afro brasil no sábado
pr| a mulher negra que me deu aula de matemática no cursinho foi a melhor professora da minha vida
cs| "negro de alma branca" é elogio racista, não usa isso
ev| a feijoada da minha tia é a melhor do mundo e ela faz questão de contar a história do prato
id| sou um homem negro e já perdi a conta de quantas vezes a polícia me parou sem motivo
ng| nunca teve nada a ver cor de pele com caráter, isso é ideia de século passado
nw| ministério público denuncia empresa por racismo contra funcionário
cq| pessoal, o certo é falar negro ou preto? vejo os dois sendo usados
pr| milton nascimento cantando é das coisas mais bonitas que existem
ev| aula de capoeira volta semana que vem, quem quiser participar é só aparecer
cs| se vc acha que racismo não existe no brasil, pergunta pra qualquer pessoa preta
rp| mandei o print pro ministério público, o cara chamou a vizinha de "neguinha fedida" no grupo do condomínio
ev| a formatura da minha prima foi linda, primeira da família a se formar
ng| não é porque é negro que é suspeito, para de seguir o moleque no mercado
ev| mano, o show do racionais foi histórico, que noite
id| sou negra e tô cansada de elogiarem meu cabelo "mesmo sendo crespo"
cq| alguém sabe onde tem salão especializado em cabelo crespo em bh?
pr| o movimento negro conquistou muita coisa que a gente acha normal hoje
cs| parem de tratar pele escura como suspeita, isso tem nome: racismo
ev| puta que pariu, o vini jr fez mais um golaço, que jogador
cs| o imbecil que jogou banana no campo tinha que ser banido do estádio pra sempre
"""),
    "indigenous": written("""
id| sou indígena e uso celular, computador e tênis, e continuo indígena
ev| fui visitar a aldeia guarani do jaraguá com a escola, a galera foi super receptiva
pr| o ailton krenak é um dos pensadores mais importantes do brasil
cs| índio com celular continua sendo índio, do mesmo jeito que vc com celular continua brasileiro
rp| reportei o vídeo que chamava os yanomami de "bicho do mato"
cq| alguém sabe quantas línguas indígenas ainda são faladas no brasil?
ev| comprei um colar de sementes feito por artesãs pataxó em porto seguro, lindo demais
ng| demarcação não é privilégio, é direito garantido na constituição
pr| a daiara tukano faz uns murais gigantes incríveis em sp
nw| funai anuncia demarcação de novas terras indígenas no pará
cq| qual a diferença entre falar índio e indígena? quero usar o certo
ev| minha avó era indígena e ensinou minha mãe a fazer beiju
cs| "índio é preguiçoso" é mentira que vem desde a colonização
id| sou guarani e faço faculdade de direito em dourados
ev| hoje teve apresentação de dança indígena na escola do meu sobrinho
pr| os povos indígenas protegem a floresta melhor do que qualquer órgão do governo
cq| tem terra indígena em todos os estados do brasil?
ev| a culinária do pará tem muita influência indígena, tacacá, maniçoba, tucupi
rp| alguém da staff apaga a mensagem que chama indígena de "tapuia"? é ofensivo
ng| ninguém deixa de ser indígena por morar na cidade
cs| parem de usar "programa de índio" como sinônimo de coisa ruim
nw| censo mostra crescimento da população indígena no brasil
ev| vi o documentário sobre os yanomami e fiquei mal com o garimpo ilegal
pr| a joênia wapichana é uma advogada brilhante
cq| alguém indica livro de autor indígena? já li o krenak e quero mais
id| sou do povo pataxó e hoje tem festa na aldeia, vou com a família toda
ev| o meu professor de geografia é terena e dá as melhores aulas
ng| não acho que indígena tenha terra demais, a terra é deles desde antes de existir brasil
rp| denunciei o perfil que postou foto de criança indígena com legenda racista
ev| a feira de artesanato indígena tá rolando na praça, fui e comprei uns cestos
cs| "índio de celular" é deboche racista, não é piada
nw| indígenas realizam acampamento terra livre em brasília
ev| mano o açaí de verdade é amargo, os indígenas comem com peixe, nada de granola kkkk
pr| a sabedoria dos povos originários sobre plantas medicinais é impressionante
"""),
    "lgbt": written("""
id| sou gay e minha família aceitou super bem, fico feliz de ter tido essa sorte
ev| saí do armário pros meus pais ontem e foi mais tranquilo do que eu imaginava
ev| meu primo vai casar com o namorado em dezembro, já tô ensaiando a dança kkkk
id| sou lésbica e tô namorando há 3 anos, bora marcar um rolê de casais
cs| "virar gay por falta de porrada" é a coisa mais absurda que já li, ninguém vira nada
rp| denunciei o cara que ficou chamando o streamer de boiola no chat
ev| a parada de sp esse ano tava lotada, fui com a galera do trampo
cq| alguém aqui é bi? queria conversar sobre como contar pros amigos
pr| o casal gay que mora do meu lado é o mais gente boa do prédio
ng| ser gay não é doença, não é fase e não é escolha
cs| se o beijo gay na novela te incomoda, troca de canal, simples
ev| mano o pabllo vittar cantando ao vivo é outro nível
rp| galera, reportem o perfil que postou o vídeo do casal gay sendo agredido como se fosse piada
id| sou bi e não, não é "indecisão"
nw| casamentos entre pessoas do mesmo sexo crescem no brasil, diz ibge
cq| alguém sabe se tem grupo lgbt de boardgame aqui em porto alegre?
ev| minhas tias são casadas há 20 anos e são as melhores tias do mundo
pr| o movimento lgbt conseguiu muita coisa nos últimos 20 anos
cs| "deus criou homem e mulher" não é argumento pra tirar direito de ninguém
ng| dois homens se beijando não faz mal pra ninguém
ev| meu melhor amigo é gay e foi meu padrinho de casamento
id| sou sapatão e a zoeira no time é com meu aim, não com isso kkkkk
rp| mandei pra staff o áudio do cara falando que gay tinha que apanhar
cq| pessoal, homossexualismo ou homossexualidade? qual é o certo?
cs| parem de usar "gay" como xingamento no chat, é homofobia
ev| hoje é o aniversário de namoro do meu irmão com o namorado dele, vamos jantar fora
pr| ter gente lgbt no server deixou tudo mais leve, galera acolhedora demais
nw| pesquisa mostra que jovens lgbt sofrem mais bullying nas escolas
ev| a galera lgbt da facul organizou uma festa e foi a melhor do semestre
ng| não acho que orientação sexual diga nada sobre o caráter de ninguém
cs| "gay tudo bem, mas não precisa se exibir" — casal hétero de mão dada também tá se exibindo?
id| sou um homem gay de 45 anos e jogo tibia desde sempre kkk
ev| porra, a série nova com o casal de lésbicas é muito boa, já maratonei tudo
cs| quem xinga casal gay na rua é um babaca sem noção
"""),
    "trans": written("""
id| sou trans e finalmente retifiquei meu nome, que alívio
ev| usa os pronomes certos aí mano, é ela, não ele
pr| a erika hilton é uma das melhores deputadas que a gente tem
cs| "homem de vestido" não, ela é uma mulher trans e ponto
rp| denunciei o perfil que ficou chamando a streamer de traveco
cq| qual a diferença entre travesti e mulher trans? quero entender
ev| minha prima é trans e é a pessoa mais engraçada da família
ng| ninguém "vira" trans por moda, é a identidade da pessoa
id| sou homem trans e comecei a hormonização mês passado, já tô vendo diferença
ev| a liniker cantando ao vivo me fez chorar
cs| banheiro é pra usar banheiro, pessoa trans não é ameaça pra ninguém
rp| staff, o cara no call ficou fazendo piada com a voz da bia, ela saiu chorando
nw| antra divulga dossiê sobre assassinatos de pessoas trans no brasil
cq| como pergunto o pronome de alguém sem ser invasivo?
pr| a linn da quebrada é genial, tanto na música quanto na atuação
ev| a travesti que tem o salão na minha rua é a melhor cabeleireira do bairro
ng| identidade trans não é doença, a oms reconhece isso
cs| errar pronome uma vez acontece, fazer de propósito é transfobia
id| sou travesti, tenho 29 anos e sou professora de história
ev| hoje é 29 de janeiro, dia da visibilidade trans, mandei mensagem pra minha amiga
cq| o sus faz cirurgia de redesignação? onde eu me informo?
rp| reportei o tweet que dizia que pessoas trans são "doentes mentais"
pr| as pessoas trans que eu conheço são as mais corajosas que eu já vi
ev| meu colega de trabalho é um homem trans e é o melhor analista da equipe
ng| não existe "ideologia de gênero" nas escolas, existe respeito
nw| universidade federal aprova cotas para pessoas trans na pós-graduação
cs| gente, tirar sarro de travesti no chat não é humor, é crueldade
ev| fui no aniversário da minha amiga trans ontem e a festa tava incrível
cq| quais são os direitos de quem tem nome social no trabalho?
id| sou uma mulher trans gamer e sim, eu jogo bem kkkk
pr| a comunidade trans tem uma rede de apoio que muita família não tem
rp| o comentário chamando ela de "aberração" tá no canal #geral, podem apagar?
ev| porra, finalmente o jogo deixou eu escolher os pronomes do personagem, demorou
ng| uma atleta trans seguindo as regras da federação não está roubando nada
"""),
    "northeasterners": written("""
id| sou nordestina, moro em sp há 10 anos e não troco meu sotaque por nada
ev| vou passar o são joão em campina grande esse ano, alguém já foi?
ev| meu avô veio de caminhão pra sp nos anos 60 e construiu a vida aqui
pr| o sotaque cearense é o mais engraçado e gostoso de ouvir
cs| chamar todo nordestino de baiano é preconceito e ainda é errado, o nordeste tem nove estados
rp| denunciei o comentário que mandava os nordestinos de volta "pro sertão"
ev| cuscuz com ovo no café da manhã não tem igual
cq| qual a diferença entre baião, xote e xaxado? sempre confundo
ng| nordeste não atrasa o brasil, tem estado lá crescendo mais que o sul
pr| luiz gonzaga é o maior artista que esse país já teve
ev| oxe, esqueci de tirar o feijão do fogo kkkk
id| sou baiano e trabalho com ti em recife, o porto digital é top
nw| nordeste lidera crescimento da geração de energia solar no país
cq| alguém sabe onde tem forró bom em são paulo?
ev| a minha vizinha é pernambucana e faz um bolo de rolo que é de outro mundo
cs| o nordeste não é só seca e pobreza, tem praia, tecnologia, universidade, cultura
rp| staff, o cara no call ficou imitando sotaque nordestino pra zoar o joão, pega mal
ev| minha mãe é do maranhão e meu pai é gaúcho, imagina o sotaque da família kkkk
pr| a galera do nordeste é a mais receptiva que eu conheço
ng| sotaque não diz nada sobre inteligência de ninguém
ev| tô lendo o auto da compadecida pra escola e tô rindo sozinho
cq| vcs preferem falar macaxeira, aipim ou mandioca? kkk
id| sou cearense e sim, a gente fala "macho" pra todo mundo kkk
nw| festa junina de caruaru bate recorde de público
ev| bicho, o calor aqui em teresina tá de lascar
cs| culpar o nordeste pelo resultado da eleição é só preconceito com quem pensa diferente
pr| os repentistas improvisando na feira são geniais
ev| fui no centro de tradições nordestinas ontem e comi uma carne de sol incrível
ng| nunca achei que nordestino fosse preguiçoso, meu tio trabalha doze horas por dia
rp| reportei o vídeo que chamava os nordestinos de "pés rachados"
ev| a final do campeonato cearense foi uma loucura, fortaleza e ceará
cq| qual a melhor praia do nordeste pra ir em julho?
pr| ariano suassuna dava as melhores palestras, engraçadíssimas
id| sou paraibana com orgulho, de joão pessoa
cs| falar que o nordeste devia se separar é ódio, não é opinião política
ev| porra, perdi o voo pra natal, vou ter que pagar outra passagem
"""),
}
